print("infosweep")
