import type { AnchorHTMLAttributes, ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** Where the app is: `/shop/{slug}/{page...}?query`. */
export interface Route {
  slug: string;
  /** The path after the store slug, split: `[]` home, `['p', 'tee']` a product. */
  parts: string[];
  query: URLSearchParams;
}

export function parseLocation(loc: { pathname: string; search: string } = window.location): Route {
  const [, , slug = '', ...parts] = loc.pathname.split('/').map(decodeURIComponent);
  return { slug, parts: parts.filter(Boolean), query: new URLSearchParams(loc.search) };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
  if (!options.replace) window.scrollTo(0, 0);
}

/** The current route, re-rendered on back/forward and on `navigate`. */
export function useRoute(): Route {
  const [route, setRoute] = useState(parseLocation);
  useEffect(() => {
    const update = () => setRoute(parseLocation());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return route;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & {
  href: string;
  children?: ComponentChildren;
};

/** An `<a>` that navigates inside the app (a plain link for new tabs and modified clicks). */
export function Link({ href, children, ...rest }: LinkProps) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a {...rest} href={href} onClick={onClick}>
      {children}
    </a>
  );
}
