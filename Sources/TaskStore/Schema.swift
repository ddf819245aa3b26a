/// The store's tables, created and upgraded by `user_version`.
enum Schema {
    static let version = 6

    /// The oldest schema a read-only connection can read (reading uses no column added since).
    static let oldestReadable = 1

    static let statements = """
        CREATE TABLE IF NOT EXISTS sweeps(
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            experiment TEXT NOT NULL,
            axes TEXT NOT NULL,
            source TEXT NOT NULL,
            priority INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL DEFAULT 'active',
            min_cores INTEGER NOT NULL DEFAULT 0,
            min_memory_mb INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            fixed TEXT,
            min_gpus INTEGER NOT NULL DEFAULT 0,
            refine TEXT,
            refine_round INTEGER NOT NULL DEFAULT 0,
            refine_end TEXT
        );
        CREATE TABLE IF NOT EXISTS tasks(
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            experiment TEXT NOT NULL,
            params TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending',
            priority INTEGER NOT NULL DEFAULT 0,
            min_cores INTEGER NOT NULL DEFAULT 0,
            min_memory_mb INTEGER NOT NULL DEFAULT 0,
            current_attempt INTEGER,
            lease_expires REAL,
            lost_count INTEGER NOT NULL DEFAULT 0,
            fail_count INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            min_gpus INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS tasks_queue ON tasks(state, priority DESC, id);
        CREATE INDEX IF NOT EXISTS tasks_leases ON tasks(lease_expires) WHERE state = 'running';
        CREATE TABLE IF NOT EXISTS sweep_tasks(
            sweep_id INTEGER NOT NULL REFERENCES sweeps(id),
            task_id INTEGER NOT NULL REFERENCES tasks(id),
            PRIMARY KEY(sweep_id, task_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS sweep_tasks_by_task ON sweep_tasks(task_id);
        CREATE TABLE IF NOT EXISTS attempts(
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id),
            worker TEXT NOT NULL,
            host TEXT NOT NULL,
            claimed_at REAL NOT NULL,
            ended_at REAL,
            outcome TEXT NOT NULL DEFAULT 'running',
            detail TEXT,
            metrics TEXT,
            secret TEXT,
            stdout_tail TEXT,
            stderr_tail TEXT,
            started_at REAL
        );
        CREATE INDEX IF NOT EXISTS attempts_by_task ON attempts(task_id);
        CREATE TABLE IF NOT EXISTS results(
            task_id INTEGER PRIMARY KEY REFERENCES tasks(id),
            attempt_id INTEGER NOT NULL REFERENCES attempts(id),
            metrics TEXT NOT NULL,
            host TEXT NOT NULL,
            cpu_model TEXT NOT NULL,
            threads INTEGER NOT NULL,
            version TEXT NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL NOT NULL,
            wall_seconds REAL NOT NULL,
            peak_rss_bytes INTEGER NOT NULL,
            accepted_at REAL NOT NULL,
            kernels TEXT NOT NULL DEFAULT '',
            task_folder TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX IF NOT EXISTS results_by_time ON results(accepted_at);
        \(commandsTable)
        \(codeTables)
        """

    /// The first version whose sweeps record their refinement: the `refine:` block as JSON (nil without one),
    /// the rounds added, and why it stopped (nil while it goes on).
    static let refineVersion = 6

    /// Command sweeps' code bundles, by content hash: their size, whether all of it has arrived (and been
    /// checked against the hash), and the parts it came in.
    static let codeTables = """
        CREATE TABLE IF NOT EXISTS code_bundles(
            hash TEXT PRIMARY KEY,
            total INTEGER NOT NULL,
            complete INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS code_parts(
            hash TEXT NOT NULL,
            offset INTEGER NOT NULL,
            bytes BLOB NOT NULL,
            PRIMARY KEY(hash, offset)
        );
        """

    /// The programs of command sweeps, by the experiment name their tasks carry.
    static let commandsTable = """
        CREATE TABLE IF NOT EXISTS commands(
            experiment TEXT PRIMARY KEY,
            definition TEXT NOT NULL
        ) WITHOUT ROWID;
        """

    /// Upgrades from each earlier version to the next: `upgrades[v - 1]` takes version v to v + 1.
    static let upgrades = [
        """
        ALTER TABLE attempts ADD COLUMN secret TEXT;
        ALTER TABLE sweeps ADD COLUMN fixed TEXT;
        """,
        commandsTable + """
            ALTER TABLE attempts ADD COLUMN stdout_tail TEXT;
            ALTER TABLE attempts ADD COLUMN stderr_tail TEXT;
            """,
        """
        ALTER TABLE attempts ADD COLUMN started_at REAL;
        ALTER TABLE results ADD COLUMN kernels TEXT NOT NULL DEFAULT '';
        ALTER TABLE results ADD COLUMN task_folder TEXT NOT NULL DEFAULT '';
        """ + codeTables,
        """
        ALTER TABLE sweeps ADD COLUMN min_gpus INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE tasks ADD COLUMN min_gpus INTEGER NOT NULL DEFAULT 0;
        """,
        """
        ALTER TABLE sweeps ADD COLUMN refine TEXT;
        ALTER TABLE sweeps ADD COLUMN refine_round INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sweeps ADD COLUMN refine_end TEXT;
        """,
    ]

    /// The first version whose attempts record when their worker started them, and whose results the kernels
    /// and task folder that produced them.
    static let startedAtVersion = 4

    /// The first version whose sweeps and tasks record the GPUs they need.
    static let gpusVersion = 5

    /// The state a task goes back to when it needs running again: pending if one of its sweeps is active,
    /// held if they are all paused.
    static let requeueState = """
        (CASE WHEN EXISTS (SELECT 1 FROM sweep_tasks rq JOIN sweeps rs ON rs.id = rq.sweep_id
                           WHERE rq.task_id = tasks.id AND rs.state = 'active') THEN 'pending' ELSE 'held' END)
        """
}
