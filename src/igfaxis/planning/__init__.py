"""Planning: model-informed start-test-adjust (individualise, candidates, forecast, safety)."""
