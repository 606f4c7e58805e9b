"""政策包管理 (工具 menu): the dialog (``dialog``), the pack's preview before it is installed
(``preview``) and the two tables they show (``models``).

Empty on purpose: the window imports ``desktop.ui.packs.dialog`` by name when the clerk opens it.
"""
