import HubIcon from '@mui/icons-material/Hub';
import { ClusterList } from './ClusterList';
import { ClusterShow } from './ClusterShow';

export default {
  list: ClusterList,
  show: ClusterShow,
  icon: HubIcon,
  recordRepresentation: (r: { sector?: string; leadAgency?: string }) => `${r.sector ?? ''} (${r.leadAgency ?? ''})`,
};
