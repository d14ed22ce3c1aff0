"""igfaxis.physiology.agents."""
