"""Subscriptions and mid-period plan changes."""

from sqlalchemy.orm import Session

from app import dates, money, repository
from app.clock import Clock, today
from app.errors import Conflict, Unprocessable
from app.models import Invoice, InvoiceStatus, Plan, Subscription
from app.schemas import SubscriptionIn
from app.services.invoices import add_line, recalculate_totals

ACTIVE = "active"


def create_subscription(session: Session, clock: Clock, data: SubscriptionIn) -> Subscription:
    """Start now; the first period runs one month unless `period_end` aligns it to an anchor day."""
    customer = repository.get_customer(session, data.customer_id)
    plan = repository.get_plan_by_code(session, data.plan_code)
    start = today(clock)
    end = data.period_end or dates.add_months(start, 1)
    if end < start:
        raise Unprocessable("period_end_in_past", f"period_end {end} is before today ({start})")
    subscription = Subscription(
        customer=customer,
        plan=plan,
        status=ACTIVE,
        period_start=start,
        period_end=end,
        created_at=clock.now(),
    )
    session.add(subscription)
    session.commit()
    return subscription


def _proration_invoice(
    clock: Clock, subscription: Subscription, old_plan: Plan, new_plan: Plan
) -> Invoice | None:
    """Invoice for the rest of the current period: credit the old plan, charge the new one."""
    total_days = dates.days_between(subscription.period_start, subscription.period_end)
    remaining_days = dates.days_between(today(clock), subscription.period_end)
    if total_days <= 0 or remaining_days <= 0:
        return None
    credit_cents = money.prorate(old_plan.monthly_price_cents, remaining_days, total_days)
    charge_cents = money.prorate(new_plan.monthly_price_cents, remaining_days, total_days)
    if charge_cents == credit_cents:
        return None
    invoice = Invoice(
        customer=subscription.customer,
        subscription_id=subscription.id,
        status=InvoiceStatus.OPEN,
        created_at=clock.now(),
    )
    add_line(invoice, f"Unused time on {old_plan.name} ({remaining_days} days)", 1, -credit_cents)
    add_line(invoice, f"{new_plan.name} for the remaining {remaining_days} days", 1, charge_cents)
    recalculate_totals(invoice, subscription.customer)
    return invoice


def change_plan(
    session: Session, clock: Clock, subscription_id: int, plan_code: str
) -> tuple[Subscription, Invoice | None]:
    """Switch plans now. Upgrades are billed pro rata for the rest of the period; downgrades
    take effect without a credit."""
    subscription = repository.get_subscription(session, subscription_id)
    new_plan = repository.get_plan_by_code(session, plan_code)
    old_plan = subscription.plan
    if new_plan.id == old_plan.id:
        raise Conflict("plan_unchanged", f"subscription {subscription_id} is already on {plan_code!r}")
    invoice = None
    if new_plan.monthly_price_cents > old_plan.monthly_price_cents:
        invoice = _proration_invoice(clock, subscription, old_plan, new_plan)
        if invoice is not None:
            session.add(invoice)
    subscription.plan = new_plan
    session.commit()
    return subscription, invoice
