"""R013 Non-competitive procedures: placeholder replaced below."""
CODE = "R013"
TITLE = ""
LEVEL = "organisation"
SETTINGS: dict = {}
