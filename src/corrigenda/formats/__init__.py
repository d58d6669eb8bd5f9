"""Date formats where Django's differ from how a newsroom writes (FORMAT_MODULE_PATH).

Only what differs is here; Django's formats give the rest, and all of ru, de and fr.
"""
