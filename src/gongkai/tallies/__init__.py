"""The registers' counting rules: pure functions over dates and records, no Django."""
