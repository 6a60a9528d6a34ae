print("zcsh")
