"""The domain model: aggregates that decide which events happen. No I/O here."""
