"""The Qt skin over desktop.core: widgets render core results, they compute nothing."""
