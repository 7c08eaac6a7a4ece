import '@testing-library/jest-dom';
jest.setTimeout(20000);
import { setIconOptions } from '@fluentui/react/lib/Styling';

// Hosts register icons (SharePoint's icon font, the workbench's SVGs); tests render none.
setIconOptions({ disableWarnings: true });
