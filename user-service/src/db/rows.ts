/** A row of `users`. */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  created_at: Date;
}

/** A row of `user_orders` (numeric comes back from pg as a string, e.g. "12.50"). */
export interface UserOrderRow {
  order_id: string;
  user_id: string;
  amount: string;
  currency: string;
  created_at: Date;
  event_id: string;
}
