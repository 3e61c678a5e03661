/**
 * The admin key, entered on the upload page and used there and by the
 * protocol view's delete button. Held in this module's memory only (never in
 * storage or the URL): gone when the tab is closed or reloaded.
 */
let key = '';

export const adminKey = () => key;
export const setAdminKey = (value: string) => {
  key = value.trim();
};
