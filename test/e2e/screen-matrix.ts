// The layout matrix lives in pages/layouts.ts; these names are what the workbench specs import.
export { LAYOUTS, forEachLayout as eachLayout, shotName, type Layout } from './pages/layouts'
