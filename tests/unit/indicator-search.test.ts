import { loadIndicatorCatalog } from '../../src/indicators/indicator.catalog';
import { indicatorSearch } from '../../src/indicators/indicator-search';
import { toIndicatorType } from '../../src/indicators/indicator.service';

const catalog = loadIndicatorCatalog().map(toIndicatorType);
const found = (text: string) => catalog.filter((i) => indicatorSearch(text).matches(i)).map((i) => i.code);

describe('indicator search', () => {
  it.each([
    ['a part of a label', '过程性', 'outcome.withheld.process_info.total'],
    [
      'a full printed row name, numbering and spaces included',
      '（三）不予公开 6．属于四类过程性信息',
      'outcome.withheld.process_info.natural_person',
    ],
    ['a printed row name with its column', '一、本年新收政府信息公开申请数量 总计', 'applications.new.total'],
    ['the row name as a report prints it, without the section', '本年新收政府信息公开申请数量', 'applications.new.total'],
    ['traditional characters and Taiwan usage (資訊 for 信息)', '過程性資訊', 'outcome.withheld.process_info.total'],
    ['traditional characters of a row', '本年新收政府資訊公開申請數量', 'applications.new.total'],
    ['English words in any order', 'process withheld', 'outcome.withheld.process_info.total'],
    ['English words, singular for plural', 'application received', 'applications.new.total'],
    ['a code', 'derived.disclosure_rate', 'derived.disclosure_rate'],
    ['a derived ratio by its Chinese name', '公开率', 'derived.disclosure_rate'],
    ['a subtotal by its printed group', '不予公开 小计', 'outcome.withheld.subtotal.total'],
  ])('%s: %s', (_name, text, code) => {
    expect(found(text)).toContain(code);
  });

  it('finds nothing for text in no label', () => {
    expect(found('不存在的指标')).toEqual([]);
    expect(found('zebra')).toEqual([]);
  });

  it('gives every derived indicator a Chinese label', () => {
    const unlabelled = catalog.filter((i) => i.formula && !/[\u4e00-\u9fff]/.test(i.labelZh)).map((i) => i.code);
    expect(unlabelled).toEqual([]);
  });
});
