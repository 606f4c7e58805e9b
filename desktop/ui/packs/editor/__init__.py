"""工具 → 制作政策包…: the policy officer's editor (``window``) and its table (``model``).

Imported by name when the officer opens it: the window's start never loads it.
"""
