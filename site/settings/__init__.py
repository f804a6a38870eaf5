"""Settings per environment: base (shared), dev, production and test."""
