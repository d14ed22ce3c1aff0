"""Delivery shells (CLI, web). Nothing imports apps."""
