// 新建内容 without a kind: a card per kind, saying what each is for.
import type { ItemKind } from '../../api.ts';
import { h } from '../../dom.ts';
import { ITEM_KIND_LABELS, KINDS } from '../../labels.ts';
import { href } from '../../router.ts';

const KIND_HELP: Record<ItemKind, string> = {
  video: '党课、讲座、会议录像。先上传视频，再写标题和简介。',
  article: '新闻、动态、介绍，一段段文字。',
  notice: '通知、公告。紧急通知会在电视上醒目显示。',
  guide: '某项业务去哪里办、带什么材料、几点上班。',
  recruitment: '单位招人：岗位、人数、要求、截止日期。',
};

export function kindPicker(): HTMLElement {
  return h(
    'section',
    { class: 'page' },
    h('h1', null, '新建内容'),
    h('p', { class: 'lead' }, '你要发布什么？点一下选择：'),
    h(
      'div',
      { class: 'kind-cards' },
      KINDS.map((k) => h('a', { class: 'kind-card', href: href(['new'], { kind: k }), 'data-testid': `kind-${k}` }, h('strong', null, ITEM_KIND_LABELS[k]), h('span', null, KIND_HELP[k]))),
    ),
  );
}
