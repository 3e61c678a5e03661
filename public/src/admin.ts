/**
 * The admin key, entered on the upload page and used there and by the
 * protocol view's delete button. Held in this module's memory only (never in
 * storage or the URL): gone when the tab is closed or reloaded. And whether the
 * server has admin on at all (ADMIN_API_KEY set), asked once.
 */
import { api, type Capabilities } from './api.js';

let key = '';
let asked: Promise<Capabilities> | null = null;

/** The server's capabilities; when they cannot be read, admin is assumed on (the API still refuses what is off). */
export const capabilities = (): Promise<Capabilities> =>
  (asked ??= api<Capabilities>('/api/capabilities').catch(() => ({ admin: true })));

export const adminKey = () => key;
export const setAdminKey = (value: string) => {
  key = value.trim();
};
