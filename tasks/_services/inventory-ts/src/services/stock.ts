import type { Caller } from "../auth";
import type { Database } from "../db";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import * as items from "../repositories/items";
import type { Item } from "../repositories/items";

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export interface ItemView {
  id: number;
  sku: string;
  name: string;
  onHand: number;
  reserved: number;
  available: number;
}

export function view(item: Item): ItemView {
  return {
    id: item.id,
    sku: item.sku,
    name: item.name,
    onHand: item.on_hand,
    reserved: item.reserved,
    available: item.on_hand - item.reserved,
  };
}

function positiveInt(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new ValidationError(`${field} must be a positive integer`);
  }
  return value;
}

/** The caller's item: another warehouse's item is reported as not found, like a missing one. */
export async function getItem(db: Database, caller: Caller, id: number): Promise<Item> {
  const item = await items.findById(db, id);
  if (!item || item.warehouse_id !== caller.warehouseId) {
    throw new NotFoundError("item", id);
  }
  return item;
}

export async function createItem(db: Database, caller: Caller, input: Record<string, unknown>): Promise<Item> {
  const { sku, name } = input;
  if (typeof sku !== "string" || !/^[A-Z0-9-]{3,32}$/.test(sku)) {
    throw new ValidationError("sku must be 3-32 characters of A-Z, 0-9 and '-'");
  }
  if (typeof name !== "string" || !name.trim()) {
    throw new ValidationError("name is required");
  }
  const onHand = input.onHand === undefined ? 0 : input.onHand;
  if (typeof onHand !== "number" || !Number.isInteger(onHand) || onHand < 0) {
    throw new ValidationError("onHand must be a non-negative integer");
  }
  if (await items.findBySku(db, caller.warehouseId, sku)) {
    throw new ConflictError(`sku ${sku} already exists`);
  }
  const id = await items.insert(db, caller.warehouseId, { sku, name: name.trim(), onHand });
  return getItem(db, caller, id);
}

export function searchItems(db: Database, caller: Caller, text: string | undefined, limit: number): Promise<Item[]> {
  if (text === undefined || text === "") {
    return items.list(db, caller.warehouseId, limit);
  }
  return items.search(db, caller.warehouseId, text, limit);
}

export async function reserve(
  db: Database,
  caller: Caller,
  id: number,
  input: Record<string, unknown>,
): Promise<Item> {
  const quantity = positiveInt(input.quantity, "quantity");
  const orderRef = input.orderRef;
  if (typeof orderRef !== "string" || !orderRef) {
    throw new ValidationError("orderRef is required");
  }
  const item = await getItem(db, caller, id);
  if (!(await items.tryReserve(db, item.id, quantity))) {
    throw new ConflictError(`only ${item.on_hand - item.reserved} of ${item.sku} available`);
  }
  await items.addReservation(db, item.id, quantity, orderRef);
  return getItem(db, caller, id);
}

export async function adjust(db: Database, caller: Caller, id: number, input: Record<string, unknown>): Promise<Item> {
  const delta = input.delta;
  if (typeof delta !== "number" || !Number.isInteger(delta) || delta === 0) {
    throw new ValidationError("delta must be a non-zero integer");
  }
  const item = await getItem(db, caller, id);
  if (!(await items.tryAdjust(db, item.id, delta))) {
    throw new ConflictError(`on hand cannot drop below the ${item.reserved} reserved`);
  }
  return getItem(db, caller, id);
}
