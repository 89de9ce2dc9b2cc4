import HubIcon from '@mui/icons-material/Hub';
import { lazyNamed } from '../../lazy';
import { ClusterName } from './ClusterName';

const ClusterList = lazyNamed(() => import('./ClusterList'), 'ClusterList');
const ClusterShow = lazyNamed(() => import('./ClusterShow'), 'ClusterShow');

export default {
  list: ClusterList,
  show: ClusterShow,
  icon: HubIcon,
  recordRepresentation: <ClusterName />,
};
