/** A row of `orders` (numeric comes back from pg as a string, e.g. "12.50"). */
export interface OrderRow {
  id: string;
  user_id: string;
  amount: string;
  currency: string;
  created_at: Date;
}

/** A row of the `users` projection. */
export interface UserProjectionRow {
  user_id: string;
  email: string;
  name: string;
  occurred_at: Date;
  event_id: string;
}
