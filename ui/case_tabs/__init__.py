"""The sections of one open case, one module each: what a section lists and what it lets the
coordinator do. The frame that holds them (header, tabs, reload) is ui/case_view.py.
"""
