"""The regulation П-УОО-04 as pure code: roles, categories and norms, control points, figures. No I/O."""
