"""Outcomes beyond IGF-1: exposure-response models fitted to published trials."""
