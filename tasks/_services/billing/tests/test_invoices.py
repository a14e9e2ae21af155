def test_create_invoice_with_tax(client, make_customer):
    customer = make_customer(tax_rate="8.25")
    response = client.post(
        "/invoices",
        json={
            "customer_id": customer["id"],
            "lines": [
                {"description": "Consulting hour", "unit_amount": "19.99", "quantity": 2},
                {"description": "Setup fee", "unit_amount": "5.00"},
            ],
        },
    )
    assert response.status_code == 201, response.text
    invoice = response.json()
    assert [line["amount"] for line in invoice["lines"]] == ["39.98", "5.00"]
    assert invoice["subtotal"] == "44.98"
    assert invoice["tax"] == "3.71"
    assert invoice["total"] == "48.69"
    assert invoice["balance_due"] == "48.69"
    assert invoice["status"] == "open"
    assert client.get(f"/invoices/{invoice['id']}").json() == invoice


def test_discount_reduces_total(make_customer, make_invoice):
    customer = make_customer()
    invoice = make_invoice(
        customer["id"],
        [{"description": "Annual license", "unit_amount": "50.00"}],
        discount_percent="10",
    )
    assert len(invoice["lines"]) == 2
    assert invoice["total"] == "45.00"


def test_invoice_input_is_validated(client, make_customer):
    customer = make_customer()
    no_lines = client.post("/invoices", json={"customer_id": customer["id"], "lines": []})
    assert no_lines.status_code == 422
    sub_cent = client.post(
        "/invoices",
        json={"customer_id": customer["id"], "lines": [{"description": "x", "unit_amount": "1.005"}]},
    )
    assert sub_cent.status_code == 422
    unknown = client.post(
        "/invoices", json={"customer_id": 999, "lines": [{"description": "x", "unit_amount": "1.00"}]}
    )
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "customer_not_found"


def test_product_lines_reserve_stock(client, make_customer, make_product, make_invoice):
    customer = make_customer()
    make_product("MUG-01", "12.00", on_hand=5, name="Mug")
    invoice = make_invoice(customer["id"], [{"sku": "MUG-01", "quantity": 4}])
    assert invoice["lines"][0]["sku"] == "MUG-01"
    assert invoice["total"] == "48.00"
    product = client.get("/products/MUG-01").json()
    assert (product["on_hand"], product["available"]) == (5, 1)

    oversell = client.post(
        "/invoices", json={"customer_id": customer["id"], "lines": [{"sku": "MUG-01", "quantity": 2}]}
    )
    assert oversell.status_code == 409
    assert oversell.json()["error"]["code"] == "insufficient_stock"
    assert client.get("/products/MUG-01").json()["available"] == 1


def test_void_releases_reserved_stock(client, make_customer, make_product, make_invoice):
    customer = make_customer()
    make_product("MUG-01", "12.00", on_hand=5)
    invoice = make_invoice(customer["id"], [{"sku": "MUG-01", "quantity": 2}])
    response = client.post(f"/invoices/{invoice['id']}/void")
    assert response.status_code == 200
    assert response.json()["status"] == "void"
    assert client.get("/products/MUG-01").json()["available"] == 5
    again = client.post(f"/invoices/{invoice['id']}/void")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "invoice_not_voidable"
