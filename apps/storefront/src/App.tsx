import { Header } from './components/Header';
import { Account } from './pages/Account';
import { CartPage } from './pages/Cart';
import { Checkout } from './pages/Checkout';
import { Home } from './pages/Home';
import { NotFound } from './pages/NotFound';
import { ProductPage } from './pages/Product';
import { Success } from './pages/Success';
import { useRoute, type Route } from './router';
import { ShopProvider, useShop } from './shop';

/** `/shop/{slug}/...`: one store per URL; the pages below it. */
export function App() {
  const route = useRoute();
  if (!route.slug) return <NotFound message="Open a store at /shop/{store-slug}." />;
  return (
    <ShopProvider slug={route.slug} key={route.slug}>
      <Layout route={route} />
    </ShopProvider>
  );
}

function Layout({ route }: { route: Route }) {
  const shop = useShop();
  if (shop.storeMissing) return <NotFound message={`There is no store “${route.slug}”.`} />;
  return (
    <>
      <Header query={route.query.get('q') ?? ''} />
      <main>
        <Page route={route} />
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  const [page = '', arg] = route.parts;
  switch (page) {
    case '':
      return <Home query={route.query} />;
    case 'p':
      return arg ? <ProductPage productSlug={arg} /> : <NotFound />;
    case 'cart':
      return <CartPage />;
    case 'checkout':
      return <Checkout />;
    case 'success':
      return <Success orderId={route.query.get('orderId') ?? ''} />;
    case 'account':
      return <Account />;
    default:
      return <NotFound />;
  }
}
