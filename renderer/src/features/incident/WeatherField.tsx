import { Field } from '../../components/Field';
import {
  WEATHER_PRESET_LABEL,
  WEATHER_PRESETS,
  weatherSourceLine,
  weatherUseNote,
  type Prediction,
  type WeatherPreset,
} from '../../../../contract/index.js';

/** What each choice reads as in the list: the preset's name, capitalised. */
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The dispatcher's weather: "As imported" leaves it to the imported weather of the call's hour; a named
 * condition (dry, light rain, heavy rain, snow, fog) stands for documented values and wins. A native
 * select: arrow keys and type-ahead choose without a mouse.
 */
export function WeatherField({
  value,
  onChange,
}: {
  value: WeatherPreset | '';
  onChange: (preset: WeatherPreset | '') => void;
}) {
  return (
    <Field label="Weather" hint={value ? 'Typed by you: it wins over imported weather' : undefined}>
      {(id, hintId) => (
        <select
          id={id}
          className="input"
          value={value}
          aria-describedby={hintId}
          onChange={(event) => onChange(event.target.value as WeatherPreset | '')}
        >
          <option value="">As imported</option>
          {WEATHER_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {capitalised(WEATHER_PRESET_LABEL[preset])}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * The answer's line on the weather it used (typed, imported with its hour, or none), the same words as
 * `weatherLine`; when the model cannot use that weather (trained without it), that part stands out.
 */
export function WeatherAnswerLine({ prediction }: { prediction: Prediction }) {
  const weather = prediction.weather;
  if (!weather) return null;
  const note = weatherUseNote(weather.modelUse);
  return (
    <div
      className="answer-weather muted"
      data-testid="answer-weather"
      data-model-use={weather.modelUse?.status}
    >
      <span>{weatherSourceLine(weather)}</span>
      {note ? <span className="weather-unused"> — {note}</span> : null}
    </div>
  );
}
