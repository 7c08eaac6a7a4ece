import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';
jest.setTimeout(20000);
import { setIconOptions } from '@fluentui/react/lib/Styling';

// Hosts register icons (SharePoint's icon font, the workbench's SVGs); tests render none.
setIconOptions({ disableWarnings: true });

// findBy*/waitFor wait up to 10 s (testing-library's default is 1 s): on a loaded two-core machine a
// render can take longer than a second, and a wait that runs out fails a test for the machine's speed.
configure({ asyncUtilTimeout: 10_000 });
