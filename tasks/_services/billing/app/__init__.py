"""Billing service: plans, subscriptions with proration, invoices, payments and stock reservations."""
