"""Consultations: residents comment on a draft section by section; the municipality shows what it heard and did."""
