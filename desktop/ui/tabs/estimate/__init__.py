"""报销测算: the tab (``tab``), its earlier-spending panel (``opening``) and its slip (``slip``)."""
