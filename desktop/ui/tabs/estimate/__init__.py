"""报销测算: the tab (``tab``), its earlier-spending panel (``opening``), its results column (``results_scroll``) and its slip (``slip``)."""
