"""timeline: YAML event records to a searchable static timeline site."""
