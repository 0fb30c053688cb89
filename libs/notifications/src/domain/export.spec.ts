import { exportCells, majorUnits, sheetRange } from './export';

describe('export cells', () => {
  it('writes money in major units with the currency digits Intl knows', () => {
    expect(majorUnits(1999, 'USD')).toBe('19.99');
    expect(majorUnits(5, 'EUR')).toBe('0.05');
    expect(majorUnits(0, 'USD')).toBe('0.00');
    expect(majorUnits(-150, 'USD')).toBe('-1.50');
    expect(majorUnits(500, 'JPY')).toBe('500');
    expect(majorUnits(1234, 'BHD')).toBe('1.234');
  });

  it('puts the columns in the contract order, null as empty', () => {
    expect(
      exportCells(
        'order-items',
        {
          orderNumber: 1001,
          orderId: 'o',
          sku: 'S',
          title: 'T',
          quantity: 2,
          unitPrice: 250,
          lineTotal: 500,
          currency: 'JPY',
        },
        'JPY',
      ),
    ).toEqual(['1001', 'o', 'S', 'T', '2', '250', '500']);
    expect(
      exportCells('products', { compareAtPrice: null, price: 100 }, 'USD').slice(6, 8),
    ).toEqual(['1.00', '']);
  });

  it('quotes sheet names in A1 ranges', () => {
    expect(sheetRange("Bob's orders", 'A1')).toBe("'Bob''s orders'!A1");
  });
});
