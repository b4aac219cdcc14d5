import { createApp } from 'vue'
import '../../shared/style.css'
import { createExampleClient } from '../../shared/createExampleClient'
import App from './App.vue'

createApp(App, { client: createExampleClient() }).mount('#app')
