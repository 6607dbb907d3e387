module.exports = {
  displayName: 'sweep',
  preset: '../../jest.preset.js',
};
