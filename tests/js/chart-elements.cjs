// Adaptive Card chart elements (Chart.Donut, Chart.VerticalBar.Grouped, ...) for the adaptivecards 3.0.6 parser,
// which registers none: without them every chart logs "Unknown element type" and its fallback is parsed instead.
//
// Each type gets the properties of its schema: the chart renderer that the M365 Agents Playground ships
// (the same property definitions, colour names and "at most 4 data sets" rule as Teams' renderer), the Teams docs'
// common element properties, and the Teams SDK models' extras (showTitle, showLegend, maxWidth). A property these do
// not name, at the chart or in its data, is reported, so a misspelt "legnd" or "valeu" fails validation rather than
// being ignored by the host.
'use strict';

const CHART_COLORS = [
  'good', 'warning', 'attention', 'neutral',
  'categoricalRed', 'categoricalPurple', 'categoricalLavender', 'categoricalBlue', 'categoricalLightBlue',
  'categoricalTeal', 'categoricalGreen', 'categoricalLime', 'categoricalMarigold',
  'sequential1', 'sequential2', 'sequential3', 'sequential4', 'sequential5', 'sequential6', 'sequential7',
  'sequential8',
  'divergingBlue', 'divergingLightBlue', 'divergingCyan', 'divergingTeal', 'divergingYellow', 'divergingPeach',
  'divergingLightRed', 'divergingRed', 'divergingMaroon', 'divergingGray',
];
const COLOR_SETS = ['categorical', 'sequential', 'diverging'];
const MAX_DATA_SETS = 4;
// Parsed outside the schema by the library itself (`fallback`), or layout properties of newer hosts.
const ALWAYS_ALLOWED = new Set(['fallback', 'grid.area', 'targetWidth']);

function defineCharts(AC) {
  const v15 = AC.Versions.v1_5;
  const values = (names) => names.map((name) => ({ value: name }));

  function strictNumber(name) {
    return new AC.CustomProperty(v15, name,
      (sender, prop, source, context) => {
        const value = source[prop.name];
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          context.logParseEvent(sender, AC.ValidationEvent.InvalidPropertyValue,
            `"${prop.name}" must be a number, not ${JSON.stringify(value)}.`);
          return undefined;
        }
        return value;
      },
      (sender, prop, target, value) => { if (value !== undefined) target[prop.name] = value; });
  }

  function textOrNumber(name) {
    return new AC.CustomProperty(v15, name,
      (sender, prop, source, context) => {
        const value = source[prop.name];
        if (typeof value !== 'string' && typeof value !== 'number') {
          context.logParseEvent(sender, AC.ValidationEvent.InvalidPropertyValue,
            `"${prop.name}" must be a text or a number, not ${JSON.stringify(value)}.`);
          return undefined;
        }
        return value;
      },
      (sender, prop, target, value) => { if (value !== undefined) target[prop.name] = value; });
  }

  const color = () => new AC.ValueSetProperty(v15, 'color', values(CHART_COLORS));

  // Report every key of `source` that the object's schema does not name.
  function reportUnknown(object, source, context, where) {
    if (!source || typeof source !== 'object') {
      return;
    }
    const schema = object.getSchema();
    const known = new Set(ALWAYS_ALLOWED);
    for (let i = 0; i < schema.getCount(); i++) {
      known.add(schema.getItemAt(i).name);
    }
    for (const key of Object.keys(source)) {
      if (!known.has(key)) {
        context.logParseEvent(object, AC.ValidationEvent.InvalidPropertyValue,
          `Unknown property "${key}" in ${where}.`);
      }
    }
  }

  function required(object, context, names, source) {
    for (const name of names) {
      if (source[name] === undefined) {
        context.logParseEvent(object, AC.ValidationEvent.PropertyCantBeNull, `"${name}" is required.`);
      }
    }
  }

  // A data object (a slice, a point, a series): its own properties, unknown ones reported, required ones checked.
  function dataType(key, props, mandatory) {
    class Data extends AC.SerializableObject {
      getSchemaKey() { return key; }
      internalParse(source, context) {
        super.internalParse(source, context);
        reportUnknown(this, source, context, key);
        required(this, context, mandatory, source || {});
      }
    }
    Object.assign(Data, props);
    return Data;
  }

  const legend = () => new AC.StringProperty(v15, 'legend');
  // A legend, a value and a colour: a donut's slice, a part of a stacked bar.
  const part = (key) => dataType(key,
    { legendProperty: legend(), valueProperty: strictNumber('value'), colorProperty: color() }, ['value']);
  // A point of x and y alone, and a series of such points: the grouped bar chart's and the line chart's data.
  const xyPoint = (key) => dataType(key, { xProperty: textOrNumber('x'), yProperty: strictNumber('y') }, ['x', 'y']);
  const series = (key, point) => dataType(key,
    { legendProperty: legend(), valuesProperty: new AC.SerializableObjectCollectionProperty(v15, 'values', point),
      colorProperty: color() }, ['values']);
  const DonutSlice = part('DonutChartData');
  const BarPoint = dataType('BarChartDataValue',
    { xProperty: textOrNumber('x'), yProperty: strictNumber('y'), colorProperty: color() }, ['x', 'y']);
  const GroupedSeries = series('GroupedVerticalBarChartData', xyPoint('GroupedBarChartDataValue'));
  const LineSeries = series('LineChartData', xyPoint('LineChartValue'));
  const StackedPart = part('StackedHorizontalBarChartDataPoint');
  const StackedBar = dataType('StackedHorizontalBarChartData',
    { titleProperty: new AC.StringProperty(v15, 'title'),
      dataProperty: new AC.SerializableObjectCollectionProperty(v15, 'data', StackedPart) }, ['data']);
  const GaugeSegment = dataType('GaugeChartLegend',
    { sizeProperty: strictNumber('size'), legendProperty: legend(), colorProperty: color() }, ['size']);

  class Chart extends AC.CardElement {
    internalParse(source, context) {
      super.internalParse(source, context);
      reportUnknown(this, source, context, this.getJsonTypeName());
      required(this, context, this.constructor.mandatory, source || {});
    }
    internalValidateProperties(context) {
      super.internalValidateProperties(context);
      const dataProperty = this.constructor.dataProperty;
      if (!dataProperty) {
        return;
      }
      const data = this.getValue(dataProperty) || [];
      if (data.length === 0) {
        context.addFailure(this, AC.ValidationEvent.CollectionCantBeEmpty, 'No data sets provided.');
      }
      if (this.constructor.maxDataSets && data.length > this.constructor.maxDataSets) {
        context.addFailure(this, AC.ValidationEvent.InvalidPropertyValue,
          `Invalid number of data sets (${data.length}). Maximum of ${this.constructor.maxDataSets} data sets allowed.`);
      }
    }
    internalRender() { return undefined; } // parsing and validation only
  }
  Object.assign(Chart, {
    mandatory: ['data'],
    titleProperty: new AC.StringProperty(v15, 'title'),
    colorSetProperty: new AC.ValueSetProperty(v15, 'colorSet', values(COLOR_SETS)),
    showTitleProperty: new AC.BoolProperty(v15, 'showTitle', false),
    showLegendProperty: new AC.BoolProperty(v15, 'showLegend', true),
    maxWidthProperty: new AC.StringProperty(v15, 'maxWidth', true, /^\d+px$/),
  });

  const axes = () => ({
    xAxisTitleProperty: new AC.StringProperty(v15, 'xAxisTitle'),
    yAxisTitleProperty: new AC.StringProperty(v15, 'yAxisTitle'),
  });
  const collection = (type) => new AC.SerializableObjectCollectionProperty(v15, 'data', type);
  const chart = (typeName, props, extra = {}) => {
    class Element extends Chart { getJsonTypeName() { return typeName; } }
    Object.assign(Element, props, extra);
    return [typeName, Element];
  };
  return [
    chart('Chart.Donut', { dataProperty: collection(DonutSlice) }),
    chart('Chart.Pie', { dataProperty: collection(DonutSlice) }),
    chart('Chart.VerticalBar', { ...axes(), dataProperty: collection(BarPoint), colorProperty: color(),
      showBarValuesProperty: new AC.BoolProperty(v15, 'showBarValues', false) }, { maxDataSets: MAX_DATA_SETS }),
    chart('Chart.VerticalBar.Grouped', { ...axes(), dataProperty: collection(GroupedSeries),
      stackedProperty: new AC.BoolProperty(v15, 'stacked', false),
      showBarValuesProperty: new AC.BoolProperty(v15, 'showBarValues', false) }, { maxDataSets: MAX_DATA_SETS }),
    chart('Chart.HorizontalBar', { ...axes(), dataProperty: collection(BarPoint), colorProperty: color(),
      displayModeProperty: new AC.ValueSetProperty(v15, 'displayMode',
        values(['AbsoluteWithAxis', 'AbsoluteNoAxis', 'PartToWhole'])) }, { maxDataSets: MAX_DATA_SETS }),
    chart('Chart.HorizontalBar.Stacked', { ...axes(), dataProperty: collection(StackedBar) },
      { maxDataSets: MAX_DATA_SETS }),
    chart('Chart.Line', { ...axes(), dataProperty: collection(LineSeries),
      yMinProperty: strictNumber('yMin'), yMaxProperty: strictNumber('yMax') }),
    chart('Chart.Gauge', {
      valueProperty: strictNumber('value'), minProperty: strictNumber('min'), maxProperty: strictNumber('max'),
      subLabelProperty: new AC.StringProperty(v15, 'subLabel'),
      showMinMaxProperty: new AC.BoolProperty(v15, 'showMinMax', true),
      segmentsProperty: new AC.SerializableObjectCollectionProperty(v15, 'segments', GaugeSegment),
      valueFormatProperty: new AC.ValueSetProperty(v15, 'valueFormat', values(['Percentage', 'Fraction'])),
    }, { mandatory: ['value'] }),
  ];
}

// Register the chart types with the library's global registry (once per process).
function registerCharts(AC) {
  for (const [typeName, Element] of defineCharts(AC)) {
    AC.GlobalRegistry.elements.register(typeName, Element, AC.Versions.v1_5);
  }
}

module.exports = { registerCharts, CHART_COLORS };
