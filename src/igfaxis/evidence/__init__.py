"""Evidence: sourced reference data (LMS tables, mortality curve, measurement noise) as pure functions."""
