// The HPC cycle screens, as routes (one line in App.tsx): the list of cycles and one cycle's page.
import { Route } from 'react-router-dom';
import { lazyNamed } from '../../lazy';

const HpcCyclePage = lazyNamed(() => import('./HpcCyclePage'), 'HpcCyclePage');
const HpcCycleList = lazyNamed(() => import('./HpcCyclePage'), 'HpcCycleList');

export const hpcRoutes = [<Route key="hpc" path="/hpc" element={<HpcCycleList />} />, <Route key="hpc-page" path="/hpc/:id" element={<HpcCyclePage />} />];
