"""The registers' counting rules: pure engines (no Django), one module per register."""
