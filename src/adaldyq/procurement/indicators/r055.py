"""R055 Non-competitive procedures: placeholder replaced below."""
CODE = "R055"
TITLE = ""
LEVEL = "organisation"
SETTINGS: dict = {}
