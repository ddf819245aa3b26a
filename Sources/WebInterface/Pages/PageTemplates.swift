/// The dashboard's Mustache templates: a layout and one body per page. Values are HTML-escaped by `{{ }}`;
/// `{{{ }}}` is kept for markup the server made itself (the heatmap's SVG).
enum PageTemplates {
    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · infosweep</title>
        <style>\(stylesheet)</style>
        </head>
        <body data-page="{{page}}" data-live="static">
        <header><a href="/" class="brand">infosweep</a> <span class="where">{{subtitle}}</span>
        <span class="updated" id="updated">as of {{generatedAt}}</span></header>
        <main>
        {{$body}}{{/body}}
        </main>
        <script src="/static/live.js" defer></script>
        </body>
        </html>
        """

    static let home = """
        {{<layout}}{{$body}}
        <h1>Sweeps</h1>
        {{^sweeps}}<p>No sweep yet: <code>infosweep submit FILE --coordinator HOST:PORT</code>.</p>{{/sweeps}}
        <table class="sweeps">
        <thead><tr><th>sweep</th><th>state</th><th>progress</th><th>done</th><th>running</th><th>leased</th>
        <th>pending</th><th>failed</th><th>tasks/s</th><th>eta</th></tr></thead>
        <tbody>
        {{#sweeps}}
        <tr data-sweep="{{name}}">
        <td><a href="{{url}}">{{name}}</a><div class="experiment">{{experiment}}</div></td>
        <td data-field="state">{{state}}</td>
        <td>{{>bar}}</td>
        <td data-field="done">{{done}}/{{total}}</td><td data-field="running">{{running}}</td>
        <td data-field="leased">{{leased}}</td><td data-field="pending">{{pending}}</td>
        <td data-field="failed">{{failed}}</td><td data-field="throughput">{{throughput}}</td>
        <td data-field="eta">{{eta}}</td>
        </tr>
        {{#waiting}}<tr class="waiting"><td colspan="10">waiting: {{.}}</td></tr>{{/waiting}}
        {{/sweeps}}
        </tbody>
        </table>
        <h2>Workers</h2>
        {{^workers}}<p>No worker is connected.</p>{{/workers}}
        {{#hasWorkers}}
        <table class="workers">
        <thead><tr><th>worker</th><th>host</th><th>slots</th><th>cores</th><th>memory GB</th><th>gpus</th>
        <th>running</th><th>last heartbeat</th><th>done</th></tr></thead>
        <tbody>
        {{#workers}}<tr data-worker="{{id}}"><td>{{id}}</td><td>{{host}}</td><td>{{slots}}</td><td>{{cores}}</td>
        <td>{{memory}}</td><td>{{gpus}}</td><td>{{running}}</td><td>{{lastSeen}}</td><td>{{done}}</td></tr>{{/workers}}
        </tbody>
        </table>
        {{/hasWorkers}}
        {{/body}}{{/layout}}
        """

    static let bar = """
        <div class="bar" data-field="bar" title="done {{done}}, running {{running}}, pending {{pending}}, \
        failed {{failed}}"><span class="done" style="width:{{donePercent}}%"></span><span class="running" \
        style="width:{{runningPercent}}%"></span><span class="failed" style="width:{{failedPercent}}%"></span></div>
        """

    static let sweep = """
        {{<layout}}{{$body}}
        <h1>{{#sweep}}{{name}}{{/sweep}}</h1>
        {{#sweep}}
        <p class="summary" data-sweep="{{name}}"><span data-field="state">{{state}}</span> ·
        <span data-field="done">{{done}}/{{total}}</span> done ·
        <span data-field="running">{{running}}</span> running ·
        <span data-field="pending">{{pending}}</span> pending · <span data-field="failed">{{failed}}</span> failed ·
        <span data-field="throughput">{{throughput}}</span> tasks/s · eta <span data-field="eta">{{eta}}</span></p>
        {{>bar}}
        {{#waiting}}<p class="waiting">waiting: {{.}}</p>{{/waiting}}
        {{/sweep}}
        <form class="controls" method="post" action="{{controlURL}}">
        <input type="hidden" name="form_token" value="{{formToken}}">
        <button name="action" value="pause">Pause</button> <button name="action" value="resume">Resume</button>
        <button name="action" value="cancel">Cancel</button>
        <button name="action" value="requeue">Requeue failed</button>
        </form>
        {{#notice}}<p class="notice">{{.}}</p>{{/notice}}
        <h2>Phase diagram</h2>
        <form class="view" method="get" action="{{url}}">
        {{#selects}}
        <label>{{name}} <select name="{{name}}">{{#optional}}<option value="">(none)</option>{{/optional}}
        {{#choices}}<option{{#selected}} selected{{/selected}}>{{name}}</option>{{/choices}}</select></label>
        {{/selects}}
        <label>where <input name="where" value="{{whereText}}" placeholder="degenerate=0"></label>
        <button>Show</button>
        </form>
        <div id="phase" data-src="{{phaseSource}}">{{{phaseSVG}}}</div>
        {{#phaseProblem}}<p class="problem">{{.}}</p>{{/phaseProblem}}
        <h2>Failed tasks</h2>
        {{^failures}}<p>None.</p>{{/failures}}
        {{#failures}}
        <details><summary><code>{{key}}</code> {{parameters}} · {{error}}</summary>
        {{#stdout}}<h3>stdout (end)</h3><pre>{{.}}</pre>{{/stdout}}
        {{#stderr}}<h3>stderr (end)</h3><pre>{{.}}</pre>{{/stderr}}
        </details>
        {{/failures}}
        {{/body}}{{/layout}}
        """

    static let error = """
        {{<layout}}{{$body}}
        <h1>{{status}}</h1>
        <p class="problem">{{message}}</p>
        {{/body}}{{/layout}}
        """

    static let stylesheet = """
        body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f7f8fa}\
        header{background:#1d2330;color:#fff;padding:.6em 1.2em;display:flex;gap:1em;align-items:baseline}\
        header a{color:#fff;text-decoration:none;font-weight:600}.where{opacity:.8}.updated{margin-left:auto;\
        opacity:.7;font-size:.85em}main{max-width:1200px;margin:0 auto;padding:1em 1.2em}\
        table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:1.5em}th,td{padding:.35em .6em;\
        border-bottom:1px solid #e3e6eb;text-align:right;white-space:nowrap}\
        th:first-child,td:first-child{text-align:left}\
        .experiment{font-size:.8em;color:#667}.bar{display:flex;width:220px;height:12px;background:#dde2ea;\
        border-radius:3px;overflow:hidden}.bar span{display:block;height:100%}.done{background:#2f8f5b}\
        .running{background:#e0a526}.failed{background:#c7423b}.waiting td,.waiting{color:#8a5a00;text-align:left}\
        .problem{color:#a12d27}.notice{color:#2f6f4b}form.view label{margin-right:.8em}form{margin:.6em 0}\
        #phase svg{max-width:100%;height:auto;background:#fff}pre{background:#fff;padding:.6em;overflow:auto;\
        max-height:20em}details{margin:.4em 0}summary{cursor:pointer}
        """
}
