// The screens as route data (SDK Router). Pages other than home could load lazily; they are small.
import type { Router } from '@lightningjs/sdk';
import { Home } from './screens/Home.ts';
import { Live } from './screens/Live.ts';
import { Pairing } from './screens/Pairing.ts';
import { Player } from './screens/player/Player.ts';
import { Reader } from './screens/Reader.ts';
import { Section } from './screens/Section.ts';
import { Settings } from './screens/Settings.ts';

// Our pages use Lightning's loose template typing; the Router's page type wants its own widget typing.
const page = (c: unknown) => c as Router.PageConstructor;

export const routes = {
  root: 'home',
  routes: [
    { path: 'home', component: page(Home) },
    { path: 'section/:sectionId', component: page(Section) },
    { path: 'item/:itemId', component: page(Reader) },
    { path: 'play/:itemId', component: page(Player) },
    { path: 'settings', component: page(Settings) },
    { path: 'live', component: page(Live) },
    { path: 'pairing', component: page(Pairing) },
  ],
};
