import type { Database } from "../db";

export interface Item {
  id: number;
  warehouse_id: number;
  sku: string;
  name: string;
  on_hand: number;
  reserved: number;
}

export interface NewItem {
  sku: string;
  name: string;
  onHand: number;
}

const COLUMNS = "id, warehouse_id, sku, name, on_hand, reserved";

export function findById(db: Database, id: number): Promise<Item | undefined> {
  return db.get<Item>(`SELECT ${COLUMNS} FROM items WHERE id = ?`, [id]);
}

export function findBySku(db: Database, warehouseId: number, sku: string): Promise<Item | undefined> {
  return db.get<Item>(`SELECT ${COLUMNS} FROM items WHERE warehouse_id = ? AND sku = ?`, [warehouseId, sku]);
}

export function search(db: Database, warehouseId: number, text: string, limit: number): Promise<Item[]> {
  return db.all<Item>(
    `SELECT ${COLUMNS} FROM items WHERE warehouse_id = ? AND (sku LIKE ? OR name LIKE ?) ORDER BY sku LIMIT ?`,
    [warehouseId, `%${text}%`, `%${text}%`, limit],
  );
}

export function list(db: Database, warehouseId: number, limit: number): Promise<Item[]> {
  return db.all<Item>(`SELECT ${COLUMNS} FROM items WHERE warehouse_id = ? ORDER BY sku LIMIT ?`, [
    warehouseId,
    limit,
  ]);
}

export async function insert(db: Database, warehouseId: number, item: NewItem): Promise<number> {
  const result = await db.run("INSERT INTO items (warehouse_id, sku, name, on_hand) VALUES (?, ?, ?, ?)", [
    warehouseId,
    item.sku,
    item.name,
    item.onHand,
  ]);
  return result.lastID;
}

/** Reserve `quantity` if that much is still available; false when it is not. */
export async function tryReserve(db: Database, id: number, quantity: number): Promise<boolean> {
  const result = await db.run(
    "UPDATE items SET reserved = reserved + ? WHERE id = ? AND on_hand - reserved >= ?",
    [quantity, id, quantity],
  );
  return result.changes === 1;
}

/** Change on_hand by `delta` unless that would leave less than what is reserved; false then. */
export async function tryAdjust(db: Database, id: number, delta: number): Promise<boolean> {
  const result = await db.run("UPDATE items SET on_hand = on_hand + ? WHERE id = ? AND on_hand + ? >= reserved", [
    delta,
    id,
    delta,
  ]);
  return result.changes === 1;
}

export async function addReservation(db: Database, itemId: number, quantity: number, orderRef: string): Promise<number> {
  const result = await db.run("INSERT INTO reservations (item_id, quantity, order_ref) VALUES (?, ?, ?)", [
    itemId,
    quantity,
    orderRef,
  ]);
  return result.lastID;
}
