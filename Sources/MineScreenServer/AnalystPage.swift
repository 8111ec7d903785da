enum AnalystPage { static let html = "<!doctype html><title>MineScreen</title>" }
