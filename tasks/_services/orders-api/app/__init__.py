"""Orders API: customers, products, orders with line items, coupons."""
