import type { PythonOp } from './lite-nodes.js';
import {
  jinjaConcat, jinjaEquals, pythonAdd, pythonDivide, pythonFloorDivide, pythonModulo, pythonMultiply, pythonPower, pythonSubtract,
} from '../python-operators.js';

/** The function each of Jinja's arithmetic operators and `~` is, as nunjucks (nunjucks-numbers.ts) calls it. */
export const PYTHON_OPERATORS: Record<PythonOp, (left: any, right: any) => unknown> = {
  '+': pythonAdd, '-': pythonSubtract, '*': pythonMultiply, '/': pythonDivide, '//': pythonFloorDivide,
  '%': pythonModulo, '**': pythonPower, '~': jinjaConcat, eq: jinjaEquals, ne: (left, right) => !jinjaEquals(left, right),
};
