import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  createSilkCartClient,
  problemMessage,
  type Cart,
  type SilkCartClient,
  type TokenPair,
} from './api';
import { money } from './format';

export interface Customer {
  accessToken: string;
  refreshToken: string;
  name: string;
  email: string;
}

export interface Shop {
  slug: string;
  /** The store's public face; null while loading or when the slug is unknown. */
  store: { name: string; currency: string } | null;
  storeMissing: boolean;
  /** `/shop/{slug}/{path}` */
  href(path?: string): string;
  money(minor: number): string;
  /** Runs an API call with the customer's token when signed in, refreshing it once on a 401. */
  call<R extends { response: Response }>(request: (api: SilkCartClient) => Promise<R>): Promise<R>;
  customer: Customer | null;
  signIn(pair: TokenPair): void;
  signOut(): void;
  cart: Cart | null;
  setCart(cart: Cart | null): void;
  /** Adds to the cart (made on first use); answers an error message or null. */
  addToCart(variantId: string, quantity: number): Promise<string | null>;
}

const ShopContext = createContext<Shop | null>(null);

export function useShop(): Shop {
  const shop = useContext(ShopContext);
  if (!shop) throw new Error('useShop outside <ShopProvider>');
  return shop;
}

const stored = <T,>(key: string): T | null => {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
};
const store = (key: string, value: unknown) =>
  value === null ? localStorage.removeItem(key) : localStorage.setItem(key, JSON.stringify(value));

export function ShopProvider({ slug, children }: { slug: string; children: ComponentChildren }) {
  const keys = { customer: `silkcart:${slug}:customer`, cart: `silkcart:${slug}:cart` };
  const [info, setInfo] = useState<Shop['store']>(null);
  const [storeMissing, setStoreMissing] = useState(false);
  const [customer, setCustomer] = useState<Customer | null>(() => stored(keys.customer));
  const [cart, setCartState] = useState<Cart | null>(null);
  const cartRef = useRef<Cart | null>(null);
  /** The saved cart, once read back: adding to the cart waits for it. */
  const cartLoaded = useRef<Promise<unknown>>(Promise.resolve());
  const customerRef = useRef(customer);
  const refreshing = useRef<Promise<Customer | null> | null>(null);
  const baseUrl = window.location.origin;

  const saveCustomer = useCallback((next: Customer | null) => {
    customerRef.current = next;
    store(keys.customer, next);
    setCustomer(next);
  }, []);

  const setCart = useCallback((next: Cart | null) => {
    cartRef.current = next;
    store(keys.cart, next?.id ?? null);
    setCartState(next);
  }, []);

  const clientFor = (c: Customer | null) =>
    createSilkCartClient({ baseUrl, token: c?.accessToken });

  /** One refresh at a time: a refresh token is spent by its use, and reusing it logs out. */
  const refresh = () => {
    const current = customerRef.current;
    if (!current) return Promise.resolve(null);
    refreshing.current ??= clientFor(null)
      .POST('/api/v1/catalog/{storeSlug}/customers/refresh', {
        params: { path: { storeSlug: slug } },
        body: { refreshToken: current.refreshToken },
      })
      .then(({ data }) => {
        const next = data
          ? { ...current, accessToken: data.accessToken, refreshToken: data.refreshToken }
          : null;
        saveCustomer(next);
        return next;
      })
      .finally(() => (refreshing.current = null));
    return refreshing.current;
  };

  const call: Shop['call'] = async (request) => {
    const signedIn = customerRef.current;
    const first = await request(clientFor(signedIn));
    if (first.response.status !== 401 || !signedIn) return first;
    return request(clientFor(await refresh()));
  };

  useEffect(() => {
    void clientFor(null)
      .GET('/api/v1/stores/{slug}/public', { params: { path: { slug } } })
      .then(({ data }) => {
        if (data) {
          setInfo({ name: data.name, currency: data.currency });
          document.title = data.name;
        } else setStoreMissing(true);
      });
    const cartId = stored<string>(keys.cart);
    if (cartId)
      cartLoaded.current = call((api) =>
        api.GET('/api/v1/catalog/{storeSlug}/carts/{cartId}', {
          params: { path: { storeSlug: slug, cartId } },
        }),
      ).then(({ data }) => setCart(data ?? null));
  }, [slug]);

  const addToCart: Shop['addToCart'] = async (variantId, quantity) => {
    const path = { storeSlug: slug };
    await cartLoaded.current;
    const current = cartRef.current;
    let result = current
      ? await call((api) =>
          api.POST('/api/v1/catalog/{storeSlug}/carts/{cartId}/items', {
            params: { path: { ...path, cartId: current.id } },
            body: { variantId, quantity },
          }),
        )
      : null;
    // No cart yet, or one that is gone (ordered, expired): start a new one.
    if (!result || result.response.status === 404 || result.response.status === 409)
      result = await call((api) =>
        api.POST('/api/v1/catalog/{storeSlug}/carts', {
          params: { path },
          body: { items: [{ variantId, quantity }] },
        }),
      );
    if (result.data) setCart(result.data);
    return result.error ? problemMessage(result.error, 'Could not add to the cart') : null;
  };

  const shop = useMemo<Shop>(
    () => ({
      slug,
      store: info,
      storeMissing,
      href: (path = '') => `/shop/${encodeURIComponent(slug)}/${path}`,
      money: (minor) => money(minor, info?.currency ?? 'USD'),
      call,
      customer,
      signIn: (pair) =>
        saveCustomer({
          accessToken: pair.accessToken,
          refreshToken: pair.refreshToken,
          name: pair.customer.name,
          email: pair.customer.email,
        }),
      signOut: () => saveCustomer(null),
      cart,
      setCart,
      addToCart,
    }),
    [slug, info, storeMissing, customer, cart],
  );
  return <ShopContext.Provider value={shop}>{children}</ShopContext.Provider>;
}
