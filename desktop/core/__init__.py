"""The Qt-free core: policy model, loading and every calculation.

Nothing under ``desktop.core`` may import PySide6 (an import-linter contract and a test hold this).
"""
